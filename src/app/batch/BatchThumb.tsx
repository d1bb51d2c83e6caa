import { useQuery } from '@tanstack/react-query';
import type { CompositionDocument, LayerEffects, Rect } from '../../core/index.ts';
import { thumbEffectsQuery } from './thumb-effects-query.ts';

const percent = (value: number, of: number) => `${(value / of) * 100}%`;

function boxStyle(box: Rect, canvas: { width: number; height: number }) {
  return { left: percent(box.x, canvas.width), top: percent(box.y, canvas.height), width: percent(box.width, canvas.width), height: percent(box.height, canvas.height) };
}

/** The product's shadows and reflection, under it: the baked image reaches past its box by the padding. */
function ThumbEffects({ image, effects, box, canvas }: { image: string; effects: LayerEffects | null; box: Rect; canvas: { width: number; height: number } }) {
  const baked = useQuery(thumbEffectsQuery(image, effects)).data;
  if (!baked) return null;
  const scale = box.width / baked.imageWidth;
  const scaleY = box.height / baked.imageHeight;
  const area = { x: box.x - baked.padding.left * scale, y: box.y - baked.padding.top * scaleY, width: baked.width * scale, height: baked.height * scaleY };
  return <img className="batch-thumb__layer" data-testid="batch-thumb-effects" alt="" src={baked.src} style={boxStyle(area, canvas)} />;
}

/**
 * A small preview of one item's composition, drawn from the layout (colour, background image), the item's
 * box and its effects, clipped to the canvas as the output is. `onSize` hears the product image's natural size
 * once loaded.
 */
export function BatchThumb({
  document,
  image,
  box,
  effects = null,
  onSize,
}: {
  document: CompositionDocument;
  image: string;
  box: Rect | null;
  effects?: LayerEffects | null;
  onSize?: (size: { width: number; height: number }) => void;
}) {
  const { canvas, template, colorCode } = document;
  return (
    <div className="batch-thumb" style={{ aspectRatio: `${canvas.width} / ${canvas.height}`, background: colorCode ?? undefined }}>
      {template && <img className="batch-thumb__layer" alt="" src={template.source.url} style={boxStyle(template, canvas)} />}
      {box && effects && <ThumbEffects image={image} effects={effects} box={box} canvas={canvas} />}
      <img
        className="batch-thumb__layer"
        alt=""
        src={image}
        style={box ? boxStyle(box, canvas) : { visibility: 'hidden' }}
        onLoad={(event) => onSize?.({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
      />
    </div>
  );
}
