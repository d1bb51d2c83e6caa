import type { LayerKind } from '../../core/index.ts';

/** The Konva id of a layer's node, by which the transformer and tests find it. */
export const layerNodeId = (kind: LayerKind) => `layer-${kind}`;
