import { useId, useState, type ReactNode } from 'react';
import {
  NO_EFFECTS,
  defaultReflection,
  defaultShadow,
  type LayerEffects,
  type ReflectionEffect,
  type ShadowEffect,
  type Size,
} from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectLayer } from '../store/selectors.ts';
import { useEffectsEdit } from './use-effects-edit.ts';

type Edit = ReturnType<typeof useEffectsEdit>;

/** One slider of an effect: shows its value; a run of moves is one undo step (useEffectsEdit). */
function Slider(props: { testId: string; label: string; value: number; min: number; max: number; step: number; shown: string; onPreview: (value: number) => void; onCommit: () => void }) {
  const id = useId();
  return (
    <div className="effect-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="range"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(event) => props.onPreview(Number(event.target.value))}
        onPointerUp={props.onCommit}
        onKeyUp={props.onCommit}
        onBlur={props.onCommit}
      />
      <output htmlFor={id}>{props.shown}</output>
    </div>
  );
}

function EffectGroup({ testId, title, on, onToggle, children }: { testId: string; title: string; on: boolean; onToggle: (on: boolean) => void; children: ReactNode }) {
  return (
    <fieldset className="effect-group">
      <legend>
        <label className="checkbox">
          <input type="checkbox" data-testid={testId} checked={on} onChange={(event) => onToggle(event.target.checked)} />
          {title}
        </label>
      </legend>
      {on && children}
    </fieldset>
  );
}

const percent = (value: number) => `${Math.round(value * 100)} %`;

function ShadowFields({ shadow, size, change, edit }: { shadow: ShadowEffect; size: Size; change: (next: ShadowEffect) => LayerEffects; edit: Edit }) {
  const prefix = `effect-${shadow.type}`;
  const longest = Math.max(10, Math.round(size.height * 0.25));
  const slide = (field: keyof ShadowEffect) => (value: number) => edit.preview(change({ ...shadow, [field]: value }));
  return (
    <>
      <Slider testId={`${prefix}-opacity`} label="Opacity" value={shadow.opacity} min={0} max={1} step={0.05} shown={percent(shadow.opacity)} onPreview={slide('opacity')} onCommit={edit.commit} />
      <Slider testId={`${prefix}-blur`} label="Blur" value={shadow.blur} min={0} max={longest} step={1} shown={`${shadow.blur} px`} onPreview={slide('blur')} onCommit={edit.commit} />
      {shadow.type === 'drop' && (
        <>
          <Slider testId={`${prefix}-angle`} label="Angle" value={shadow.angle} min={0} max={360} step={5} shown={`${shadow.angle}°`} onPreview={slide('angle')} onCommit={edit.commit} />
          <Slider testId={`${prefix}-distance`} label="Distance" value={shadow.distance} min={0} max={longest} step={1} shown={`${shadow.distance} px`} onPreview={slide('distance')} onCommit={edit.commit} />
          <div className="effect-field">
            <label htmlFor={`${prefix}-color`}>Colour</label>
            <input
              id={`${prefix}-color`}
              type="color"
              data-testid={`${prefix}-color`}
              value={shadow.color}
              onChange={(event) => edit.preview(change({ ...shadow, color: event.target.value }))}
              onBlur={edit.commit}
            />
            <output>{shadow.color}</output>
          </div>
        </>
      )}
    </>
  );
}

function ReflectionFields({ reflection, size, change, edit }: { reflection: ReflectionEffect; size: Size; change: (next: ReflectionEffect) => LayerEffects; edit: Edit }) {
  const slide = (field: keyof ReflectionEffect) => (value: number) => edit.preview(change({ ...reflection, [field]: value }));
  return (
    <>
      <Slider testId="effect-reflection-opacity" label="Opacity" value={reflection.opacity} min={0} max={1} step={0.05} shown={percent(reflection.opacity)} onPreview={slide('opacity')} onCommit={edit.commit} />
      <Slider testId="effect-reflection-height" label="Height" value={reflection.height} min={0} max={1} step={0.05} shown={percent(reflection.height)} onPreview={slide('height')} onCommit={edit.commit} />
      <Slider testId="effect-reflection-gap" label="Gap" value={reflection.gap} min={0} max={Math.max(10, Math.round(size.height * 0.1))} step={1} shown={`${reflection.gap} px`} onPreview={slide('gap')} onCommit={edit.commit} />
    </>
  );
}

/**
 * The foreground card's Effects: a contact shadow, a drop shadow and a reflection, each on or off, in the image's
 * own pixels (what POST /api/foregrounds bakes at submit). They show on the canvas as they change.
 */
export function EffectsControls() {
  const layer = useEditorStore(selectLayer('foreground'));
  const edit = useEffectsEdit('foreground');
  // Open when the layer has effects as the card appears; then as the user leaves it (turning the last effect
  // off does not fold it away under the pointer).
  const [open, setOpen] = useState(() => Boolean(layer?.effects));
  if (!layer) return null;
  const size = layer.source;
  const effects = layer.effects ?? NO_EFFECTS;
  const shadowOf = (type: ShadowEffect['type']) => effects.shadows.find((shadow) => shadow.type === type);
  const withShadow = (type: ShadowEffect['type'], shadow: ShadowEffect | null): LayerEffects => ({
    ...effects,
    shadows: [...effects.shadows.filter((other) => other.type !== type), ...(shadow ? [shadow] : [])],
  });
  const withReflection = (reflection: ReflectionEffect | null): LayerEffects => ({ ...effects, reflection });
  const contact = shadowOf('contact');
  const drop = shadowOf('drop');
  return (
    <details className="layer-card__effects" data-testid="effects" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Effects</summary>
      <EffectGroup testId="effect-contact" title="Contact shadow" on={Boolean(contact)} onToggle={(on) => edit.apply(withShadow('contact', on ? defaultShadow('contact', size) : null))}>
        {contact && <ShadowFields shadow={contact} size={size} change={(next) => withShadow('contact', next)} edit={edit} />}
      </EffectGroup>
      <EffectGroup testId="effect-drop" title="Drop shadow" on={Boolean(drop)} onToggle={(on) => edit.apply(withShadow('drop', on ? defaultShadow('drop', size) : null))}>
        {drop && <ShadowFields shadow={drop} size={size} change={(next) => withShadow('drop', next)} edit={edit} />}
      </EffectGroup>
      <EffectGroup testId="effect-reflection" title="Reflection" on={Boolean(effects.reflection)} onToggle={(on) => edit.apply(withReflection(on ? defaultReflection(size) : null))}>
        {effects.reflection && <ReflectionFields reflection={effects.reflection} size={size} change={withReflection} edit={edit} />}
      </EffectGroup>
    </details>
  );
}
