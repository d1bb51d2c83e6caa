/**
 * Which modifier keys are held now. Konva's transformer callbacks get no event, yet Shift (free aspect ratio)
 * and Alt (no snapping) must be read there.
 */
export const modifierKeys = { shift: false, alt: false, space: false };

function update(event: KeyboardEvent): void {
  modifierKeys.shift = event.shiftKey;
  modifierKeys.alt = event.altKey;
  if (event.code === 'Space') modifierKeys.space = event.type === 'keydown';
}

let installed = false;

export function trackModifierKeys(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', update, true);
  window.addEventListener('keyup', update, true);
  window.addEventListener('blur', () => Object.assign(modifierKeys, { shift: false, alt: false, space: false }));
}
