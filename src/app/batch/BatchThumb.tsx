import type { CompositionDocument, Rect } from '../../core/index.ts';

const percent = (value: number, of: number) => `${(value / of) * 100}%`;

function boxStyle(box: Rect, canvas: { width: number; height: number }) {
  return { left: percent(box.x, canvas.width), top: percent(box.y, canvas.height), width: percent(box.width, canvas.width), height: percent(box.height, canvas.height) };
}

/**
 * A small preview of one item's composition, drawn from the layout (colour, background image) and the item's
 * box, clipped to the canvas as the output is. `onSize` hears the product image's natural size once loaded.
 */
export function BatchThumb({
  document,
  image,
  box,
  onSize,
}: {
  document: CompositionDocument;
  image: string;
  box: Rect | null;
  onSize?: (size: { width: number; height: number }) => void;
}) {
  const { canvas, template, colorCode } = document;
  return (
    <div className="batch-thumb" style={{ aspectRatio: `${canvas.width} / ${canvas.height}`, background: colorCode ?? undefined }}>
      {template && <img className="batch-thumb__layer" alt="" src={template.source.url} style={boxStyle(template, canvas)} />}
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
