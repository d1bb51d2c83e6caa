import { create } from 'zustand';
import type { SnapGuide } from '../../core/index.ts';

/**
 * The guides of the snap that holds now. Kept out of the editor store: they change on every pointer move of a
 * drag, and only the guide layer should re-render then.
 */
export const useSnapGuides = create<{ guides: SnapGuide[] }>(() => ({ guides: [] }));

export function showSnapGuides(guides: SnapGuide[]): void {
  const current = useSnapGuides.getState().guides;
  const same =
    current.length === guides.length &&
    current.every((guide, index) => guide.axis === guides[index]!.axis && guide.position === guides[index]!.position);
  if (!same) useSnapGuides.setState({ guides });
}
