/**
 * How many batch items are in flight, as one SQL query both engines run as it is (SQLite and PostgreSQL): those
 * being prepared, and those submitted whose job is queued or processing, found from the unfinished jobs (few)
 * rather than from every item ever submitted. Batches deleted, and jobs in the trash, do not count. The column
 * is `busy`. BatchRepository.claimPending claims at most its bound minus this.
 */
export const BATCH_ITEMS_IN_FLIGHT_SQL = `SELECT
  (SELECT COUNT(*) FROM batch_items i JOIN batches b ON b.id = i.batch_id WHERE i.state = 'preparing' AND b.deleted_at IS NULL)
  + (SELECT COUNT(*) FROM jobs j JOIN batch_items i ON i.job_id = j.id JOIN batches b ON b.id = i.batch_id
     WHERE j.status IN ('queued', 'processing') AND j.deleted_at IS NULL AND i.state = 'submitted' AND b.deleted_at IS NULL) AS busy`;
