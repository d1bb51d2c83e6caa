import { useQuery } from '@tanstack/react-query';
import { marketplacePreset } from '../../core/index.ts';
import { ComplianceCheckList } from './ComplianceCheckList.tsx';
import { complianceQuery } from './compliance-query.ts';
import { jobMarketplace } from './job-marketplaces.ts';

/** On a completed job's card: the verdict of the marketplace it was composed for, failing rules in words. */
export function JobComplianceVerdict({ jobId }: { jobId: string }) {
  const marketplace = jobMarketplace(jobId);
  const preset = marketplace ? marketplacePreset(marketplace) : undefined;
  const checked = preset !== undefined && Object.keys(preset.rules).length > 0;
  const report = useQuery({ ...complianceQuery(jobId, marketplace ?? ''), enabled: checked });
  if (!checked) return null;
  if (report.isError) {
    return (
      <p className="field-problem" data-testid="job-compliance">
        The {preset.label} check could not run: {report.error.message}
      </p>
    );
  }
  if (!report.data) {
    return (
      <p className="status" data-testid="job-compliance">
        Checking the result against {preset.label} rules…
      </p>
    );
  }
  const { passed, checks } = report.data;
  return (
    <div className={`compliance compliance--${passed ? 'pass' : 'fail'}`} data-testid="job-compliance" data-passed={passed}>
      <p className="compliance__verdict">
        {passed ? `Meets the ${preset.label} rules` : `Does not meet the ${preset.label} rules`}
      </p>
      <ComplianceCheckList checks={checks} testId="job-compliance-checks" />
    </div>
  );
}
