import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { checkLayout, marketplacePreset } from '../../core/index.ts';
import { imageSubjectQuery, withSubject } from '../images/image-subject-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectDocument } from '../store/selectors.ts';
import { ComplianceCheckList } from './ComplianceCheckList.tsx';

/**
 * Before Submit: the chosen marketplace's rules checked on the layout as it is now (no render). Background,
 * fill and size come from the layout; format and file size wait for the render, whose card checks every pixel.
 */
export function LayoutComplianceChecks() {
  const document = useEditorStore(selectDocument);
  const preset = document.marketplace ? marketplacePreset(document.marketplace) : undefined;
  // A transparent PNG's subject, found in its pixels, before an edit has put it into the document.
  const source = document.foreground?.source;
  const searched = source !== undefined && !source.subject;
  const found = useQuery({ ...imageSubjectQuery(source?.url ?? ''), enabled: preset !== undefined && searched }).data;
  const report = useMemo(() => {
    if (!preset) return null;
    const layer = document.foreground;
    const measured = layer && found ? { ...document, foreground: { ...layer, source: withSubject(layer.source, found) } } : document;
    return checkLayout(measured, preset);
  }, [document, preset, found]);
  if (!preset || !report || report.checks.length === 0) return null;
  const failing = report.checks.filter((check) => check.passed === false).length;
  return (
    <div className={`compliance compliance--${failing ? 'fail' : 'pass'}`} data-testid="layout-compliance" data-passed={failing === 0}>
      <p className="compliance__verdict">
        {failing === 0
          ? `The layout meets the ${preset.label} rules it can show`
          : `${failing} ${preset.label} ${failing === 1 ? 'rule is' : 'rules are'} not met`}
      </p>
      <ComplianceCheckList checks={report.checks} testId="layout-compliance-checks" />
      <p className="compliance__note">Format and file size are checked on the render, as is every background pixel.</p>
    </div>
  );
}
