import { RULE_NAMES, type ComplianceCheck } from '../../core/index.ts';

const MARKS = { pass: '✓', fail: '✗', later: '…' } as const;

/** Each rule with its verdict, what was measured and what is required; failing ones first, in words. */
export function ComplianceCheckList({ checks, testId }: { checks: readonly ComplianceCheck[]; testId: string }) {
  const ordered = [...checks].sort((a, b) => rank(a) - rank(b));
  return (
    <ul className="compliance-list" data-testid={testId}>
      {ordered.map((check) => {
        const state = check.passed === null ? 'later' : check.passed ? 'pass' : 'fail';
        return (
          <li key={check.rule} className={`compliance-list__item compliance-list__item--${state}`} data-rule={check.rule} data-state={state}>
            <span aria-hidden="true" className="compliance-list__mark">
              {MARKS[state]}
            </span>{' '}
            <strong>{RULE_NAMES[check.rule]}</strong>: {check.measured}
            {state !== 'pass' && <span className="compliance-list__required"> (required: {check.required})</span>}
          </li>
        );
      })}
    </ul>
  );
}

const rank = (check: ComplianceCheck) => (check.passed === false ? 0 : check.passed === null ? 2 : 1);
