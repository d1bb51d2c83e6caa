import { useId, useState, type KeyboardEvent } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  onCommit: (value: number) => void;
  min?: number;
  max?: number;
  testId: string;
  suffix?: string;
}

const WHOLE_NUMBER = /^-?\d+$/;

/**
 * A whole-number field that shows the model's value and commits on Enter or blur (one undo step per edit).
 * Escape reverts; ArrowUp/ArrowDown step by 1, with Shift by 10.
 */
export function NumberField({ label, value, onCommit, min, max, testId, suffix = 'px' }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const commit = (text: string) => {
    const trimmed = text.trim();
    if (!WHOLE_NUMBER.test(trimmed)) {
      setProblem(`${label} must be a whole number`);
      setDraft(null);
      return;
    }
    const number = Number(trimmed);
    if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
      setProblem(`${label} must be between ${min ?? '−∞'} and ${max ?? '∞'}`);
      setDraft(null);
      return;
    }
    setProblem(null);
    setDraft(null);
    if (number !== value) onCommit(number);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      commit(event.currentTarget.value);
      event.currentTarget.select();
    } else if (event.key === 'Escape') {
      setDraft(null);
      setProblem(null);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      const step = (event.shiftKey ? 10 : 1) * (event.key === 'ArrowUp' ? 1 : -1);
      let next = value + step;
      if (min !== undefined) next = Math.max(min, next);
      if (max !== undefined) next = Math.min(max, next);
      setDraft(null);
      if (next !== value) onCommit(next);
    }
  };

  return (
    <label className="number-field" htmlFor={id} title={problem ?? undefined}>
      <span className="number-field__label">{label}</span>
      <input
        id={id}
        data-testid={testId}
        type="text"
        inputMode="numeric"
        aria-invalid={problem ? true : undefined}
        value={draft ?? String(value)}
        onFocus={(event) => {
          setDraft(String(value));
          event.currentTarget.select();
        }}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={(event) => {
          if (draft !== null) commit(event.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
      />
      <span className="number-field__suffix" aria-hidden>
        {suffix}
      </span>
      {problem && (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}
