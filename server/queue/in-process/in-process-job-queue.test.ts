import { jobQueueContract } from '../contracts/job-queue.contract.ts';
import { InProcessJobQueue } from './in-process-job-queue.ts';

jobQueueContract('in-process', async (retry) => new InProcessJobQueue(retry));
