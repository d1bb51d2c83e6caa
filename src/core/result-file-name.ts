/** The name a downloaded result gets: what it is, which job, how large ("background-<id>-3840x3840.png"). */
export function resultFileName(jobId: string, canvasSize: string, format: 'png' | 'jpeg' | 'webp'): string {
  return `background-${jobId}-${canvasSize}.${format === 'jpeg' ? 'jpg' : format}`;
}
