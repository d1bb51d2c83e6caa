import { useQuery } from '@tanstack/react-query';
import { Group, Image as KonvaImage } from './konva-parts.ts';
import { bakedPlacement, hasEffects, type LayerKind } from '../../core/index.ts';
import { effectsImageQuery } from '../effects/effects-image-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectLayer } from '../store/selectors.ts';
import { FOLLOWS_ATTR } from './layer-followers.ts';
import { layerNodeId } from './layer-node-id.ts';

/**
 * A layer's shadows and reflection, drawn under its image on the same Konva layer: a drag slides that layer's
 * canvas (layer-drag.ts), so the effects move with the image without being drawn again. Placed as the baked
 * image will be at submit (bakedPlacement), so the preview is the result.
 *
 * The picture sits in a group at the layer's origin, as a follower of the layer's node (layer-followers.ts): the
 * drag moves the group with the node, so the store's commit at the release changes nothing Konva draws; a
 * corner resize scales the group with the node, so the effects follow it live. The bake is in the source's
 * pixels, so a new size needs no new bake: the same picture is placed anew when the resize ends.
 */
export function LayerEffectsNode({ kind }: { kind: LayerKind }) {
  const layer = useEditorStore(selectLayer(kind));
  const effects = layer?.effects;
  const image = useQuery(effectsImageQuery(layer?.source.url ?? '', effects));
  if (!layer || !hasEffects(effects) || !image.data) return null;
  // The bake's padding at the source's size: where Submit's baked image will put the subject (within a pixel of
  // the source; the server's own padding is what Submit uses).
  const ratio = layer.source.width / image.data.imageWidth;
  const { left, top, right, bottom } = image.data.padding;
  const padding = { left: Math.round(left * ratio), top: Math.round(top * ratio), right: Math.round(right * ratio), bottom: Math.round(bottom * ratio) };
  // Relative to the layer's origin: bakedPlacement rounds the baked box to whole canvas pixels, which, the
  // layer being on whole pixels too, puts it at the same offset from the layer wherever the layer is.
  const { subject } = bakedPlacement({ ...layer, x: 0, y: 0 }, layer.source, padding);
  const scaleX = subject.width / image.data.imageWidth;
  const scaleY = subject.height / image.data.imageHeight;
  const follows = { [FOLLOWS_ATTR]: layerNodeId(kind) };
  return (
    <Group name="layer-effects-group" x={layer.x} y={layer.y} listening={false} {...follows}>
      <KonvaImage
        name="layer-effects"
        image={image.data.canvas}
        x={subject.x - image.data.padding.left * scaleX}
        y={subject.y - image.data.padding.top * scaleY}
        width={image.data.canvas.width * scaleX}
        height={image.data.canvas.height * scaleY}
        listening={false}
        perfectDrawEnabled={false}
      />
    </Group>
  );
}
