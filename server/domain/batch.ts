import type { BackgroundChangeRequest, BatchItemInput, BatchPlacement, Rect } from '../../src/core/index.ts';
import type { OwnOrigins } from '../images/own-source.ts';

/** `paused`: Akool said the account has no quota (1006); its waiting items wait until it is resumed. */
export type BatchStatus = 'running' | 'paused' | 'cancelled';

/** An item's own state; once `submitted`, what happens to it is its job's status. */
export type BatchItemState = 'pending' | 'preparing' | 'submitted' | 'failed' | 'cancelled';

export interface BatchRecord {
  id: string;
  status: BatchStatus;
  layout: BackgroundChangeRequest;
  placement: BatchPlacement;
  removeBackground: boolean;
  /** How the submitting client addressed us, so that a resumed batch reads the same URLs as the same files. */
  origins: OwnOrigins;
  createdAt: number;
  updatedAt: number;
}

export interface BatchItemRecord {
  batchId: string;
  position: number;
  name: string;
  fileName: string;
  image: string;
  /** The editor's override of the rule: the foreground's box on the canvas. */
  box: Rect | null;
  /** The editor's shadow and reflection for this item (baked around its image); null: none. */
  effects: Pick<BatchItemInput, 'shadow' | 'reflection'> | null;
  /** Fixed when the batch is made: the job the item becomes (it exists once the item is `submitted`). */
  jobId: string;
  state: BatchItemState;
  error: string | null;
}

/** What changes of an item as it runs. */
export interface BatchItemChange {
  state: BatchItemState;
  error?: string | null;
  jobId?: string;
}
