import { fitSubject, marketplacePreset, type SubjectAlignment } from '../../core/index.ts';
import { withFoundSubject } from '../images/image-subject-query.ts';
import type { EditorState } from '../store/editor-store.ts';
import { useEditorStore } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

/** The fill the chosen marketplace asks for, else 85 % (Amazon's, a common product framing). */
export const subjectFillFor = (state: Pick<EditorState, 'document'>): number =>
  (state.document.marketplace && marketplacePreset(state.document.marketplace)?.fill) || 0.85;

/** The floor margin under a product standing on the bottom: 5 % of the canvas's height. */
const FLOOR_MARGIN = 0.05;

/** Fits the foreground by its subject; the subject found in a transparent PNG's pixels joins the source (one step). */
function fitForeground(alignment: (state: EditorState) => SubjectAlignment): void {
  const state = useEditorStore.getState();
  const { document } = state;
  if (!document.foreground) return;
  const layer = { ...document.foreground, source: withFoundSubject(document.foreground.source) };
  const rect = fitSubject(layer, document.canvas, subjectFillFor(state), alignment(state));
  const unchanged = layer.source === document.foreground.source && (['x', 'y', 'width', 'height'] as const).every((key) => rect[key] === layer[key]);
  if (!unchanged) state.replaceDocument({ ...document, foreground: { ...layer, ...rect } });
}

// The background image's menu offers them too; they act on the foreground only, so not while that is selected.
const hasForeground = (state: EditorState) => state.document.foreground !== null && state.selection !== 'template';

/** Fit the foreground's subject (a cut-out's, else its image) to the marketplace's fill, centred: one undo step. */
export const fitSubjectCentred: EditorAction = {
  id: 'fit-subject-centre',
  label: 'Fit the product to the frame, centred',
  icon: 'Fit product',
  title: "Fit the product to the marketplace's fill (85 % without one), centred",
  whyDisabled: 'they place the foreground: add or select it',
  group: 'layer',
  enabled: hasForeground,
  perform: () => fitForeground(() => ({ align: 'centre' })),
};

/** The same fill, the product standing on the bottom with a floor margin. */
export const fitSubjectOnFloor: EditorAction = {
  id: 'fit-subject-bottom',
  label: 'Fit the product to the frame, on the floor',
  icon: 'On floor',
  title: "Fit the product to the marketplace's fill (85 % without one), centred across and standing 5 % above the bottom",
  whyDisabled: 'they place the foreground: add or select it',
  group: 'layer',
  enabled: hasForeground,
  perform: () => fitForeground((state) => ({ align: 'bottom', floorMargin: Math.round(state.document.canvas.height * FLOOR_MARGIN) })),
};
