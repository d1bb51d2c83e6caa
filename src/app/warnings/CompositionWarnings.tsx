import type { LayerKind } from '../../core/index.ts';
import { useCompositionWarnings } from './use-composition-warnings.ts';

/**
 * The layout's warnings: all of them before Submit, or one layer's on its card. Styled apart from errors: they
 * do not stop Submit.
 */
export function CompositionWarnings({ layer }: { layer?: LayerKind }) {
  const warnings = useCompositionWarnings().filter((warning) => !layer || warning.layer === layer);
  if (warnings.length === 0) return null;
  return (
    <ul className="warning-list" data-testid={layer ? `${layer}-warnings` : 'composition-warnings'}>
      {warnings.map((warning) => (
        <li key={`${warning.layer}-${warning.kind}`} data-kind={warning.kind}>
          {warning.message}
          {/* 'opaque-foreground': the cut-out issue's "Remove background" button goes here. */}
        </li>
      ))}
    </ul>
  );
}
