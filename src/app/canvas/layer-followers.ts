import type Konva from 'konva';

/** The attribute of a follower: the id of the layer's node it is drawn with (layer-node-id.ts). */
export const FOLLOWS_ATTR = 'follows';

/**
 * The nodes drawn as part of a layer's node without being it (its shadows and reflection, LayerEffectsNode):
 * each is placed at the node's origin, its own parts relative to it, so that it follows the node by taking the
 * node's position and scale.
 */
export function followersOf(node: Konva.Node): Konva.Node[] {
  const layer = node.getLayer();
  const id = node.id();
  return layer && id ? layer.find((other: Konva.Node) => other.getAttr(FOLLOWS_ATTR) === id) : [];
}

/**
 * Puts the followers where the node is, at its scale. A drag moves the node without drawing (layer-drag.ts) and a
 * resize scales it (the transformer), both without the store; the followers must go with it then, or the store's
 * commit at the end would move them alone, which costs a draw of the whole layer.
 */
export function moveFollowers(node: Konva.Node): void {
  for (const follower of followersOf(node)) {
    follower.setAttrs({ x: node.x(), y: node.y(), scaleX: node.scaleX(), scaleY: node.scaleY() });
  }
}
