import { beforeEach, expect, it } from 'vitest';
import { useEditorStore } from './editor-store.ts';

beforeEach(() => useEditorStore.setState({ openPanel: null }));

it("a panel's tab opens its panel in the sheet, another tab switches to that panel, the same tab closes it", () => {
  const { togglePanel } = useEditorStore.getState();
  togglePanel('inspector');
  expect(useEditorStore.getState().openPanel).toBe('inspector');
  togglePanel('render');
  expect(useEditorStore.getState().openPanel).toBe('render');
  togglePanel('render');
  expect(useEditorStore.getState().openPanel).toBeNull();
  togglePanel('layers');
  useEditorStore.getState().closePanel();
  expect(useEditorStore.getState().openPanel).toBeNull();
  // Not a step of the document's history.
  expect(useEditorStore.temporal.getState().pastStates).toHaveLength(0);
});
