import type { LayerEffects } from '../../core/index.ts';

/** Effects in words, for the batch panel: "shadow", "2 shadows, reflection"; null when there are none. */
export function effectsWords(effects: LayerEffects | null | undefined): string | null {
  if (!effects) return null;
  const words = [effects.shadows.length === 1 ? 'shadow' : effects.shadows.length > 1 ? `${effects.shadows.length} shadows` : null, effects.reflection ? 'reflection' : null];
  return words.filter(Boolean).join(', ') || null;
}
