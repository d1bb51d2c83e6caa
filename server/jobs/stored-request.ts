import type { BackgroundChangeRequest } from '../../src/core/index.ts';

/** The stored request: what the client asked for, without a webhookUrl (the server sets its own). */
export function storedRequest(value: BackgroundChangeRequest): BackgroundChangeRequest {
  const { webhookUrl: _ignored, ...rest } = value;
  return rest;
}
