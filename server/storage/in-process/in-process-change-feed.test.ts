import { changeFeedContract } from '../contracts/change-feed.contract.ts';
import { InProcessChangeFeed } from './in-process-change-feed.ts';

changeFeedContract('in-process', async () => {
  const feed = new InProcessChangeFeed();
  return { waiter: feed, publisher: feed, close: async () => {} };
});
