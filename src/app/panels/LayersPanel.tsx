import { LayerCard } from './LayerCard.tsx';

/** The layers from top to bottom, as they are stacked in the output. */
export function LayersPanel() {
  return (
    <section className="panel" aria-labelledby="layers-title">
      <h2 id="layers-title" className="panel__title">
        Layers
      </h2>
      <LayerCard kind="foreground" />
      <LayerCard kind="template" />
      <p className="panel__note">Drop an image on the canvas or paste one (Ctrl+V) to make it the foreground.</p>
    </section>
  );
}
