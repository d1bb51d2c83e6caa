import { useQuery } from '@tanstack/react-query';
import { Image as KonvaImage } from './konva-parts.ts';
import { bakedPlacement, hasEffects, type LayerKind } from '../../core/index.ts';
import { effectsImageQuery } from '../effects/effects-image-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectLayer } from '../store/selectors.ts';

/**
 * A layer's shadows and reflection, drawn under its image on the same Konva layer: a drag slides that layer's
 * canvas (layer-drag.ts), so the effects move with the image without being drawn again. Placed as the baked
 * image will be at submit (bakedPlacement), so the preview is the result.
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
  const { subject } = bakedPlacement(layer, layer.source, padding);
  const scaleX = subject.width / image.data.imageWidth;
  const scaleY = subject.height / image.data.imageHeight;
  return (
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
  );
}
