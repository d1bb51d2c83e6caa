import type { EditorState } from '../store/editor-store.ts';

/** One key combination an action answers to. */
export interface KeyBinding {
  /** `KeyboardEvent.key`; a letter matches in either case (Shift+Z gives "Z"). */
  key: string;
  /** Ctrl, or ⌘ on a Mac. */
  mod?: boolean;
  /**
   * true: with Shift; false: without; left out: either way (a key such as "?" needs Shift on some layouts and
   * not on others, and must still match).
   */
  shift?: boolean;
  /** Only while the canvas has the keyboard focus: elsewhere the key keeps its usual meaning (Tab moves the focus). */
  onCanvas?: boolean;
}

/** The keys of an action, and how they are written for people ("Ctrl/⌘ + Z"). */
export interface ActionKeys {
  bindings: readonly KeyBinding[];
  label: string;
  /**
   * The line in the shortcut list when it is not the action's label: the four 1 px moves share one line,
   * "← ↑ → ↓ — Move the selected layer 1 px".
   */
  help?: string;
}

/** Where an action belongs: the toolbar shows its groups in this order. */
export type ActionGroup = 'history' | 'zoom' | 'placement' | 'nudge' | 'layer' | 'selection' | 'document' | 'help' | 'menu';

/** Whether there is anything to undo/redo: an action may look at it, besides the store, to tell whether it can run. */
export interface HistoryAvailability {
  canUndo: boolean;
  canRedo: boolean;
}

/** How an action was asked for. */
export interface ActionContext {
  /** An auto-repeat of a held key: joins the undo step of the first press. */
  repeat: boolean;
  /** Where the request came from on screen (client CSS px), for what opens there (the context menu). */
  anchor?: { x: number; y: number };
  /** Asks the user before something that replaces their work (window.confirm in the app). */
  confirm: (message: string) => boolean;
}

/**
 * One thing the user can do, in the spirit of excalidraw's actions: the toolbar, the keys, the context menu
 * and the shortcut list are all made from these, so a shortcut, its button and its help line cannot disagree.
 */
export interface EditorAction {
  /** Stable name; also the toolbar button's `data-testid` unless `testId` says otherwise. */
  id: string;
  /** What it does, in words: the menu item's text and the button's accessible name. */
  label: string;
  /** The button's face when it is not the label (a symbol or a short word). */
  icon?: string;
  testId?: string;
  /** The button's tooltip when it is not "label (keys)". */
  title?: string;
  /** Added to the tooltip while the action cannot run, saying why. */
  whyDisabled?: string;
  keys?: ActionKeys;
  group: ActionGroup;
  enabled: (state: EditorState, history: HistoryAvailability) => boolean;
  /** For a toggle-like button (zoom to fit): whether it is on. */
  pressed?: (state: EditorState) => boolean;
  /**
   * Does it. Returns false when it did nothing after all, so that its key goes on to the browser (Tab past
   * the last layer lets the focus leave the canvas).
   */
  perform: (context: ActionContext) => void | false;
}
