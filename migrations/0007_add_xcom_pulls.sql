-- The upstream XComs a try read (MLOOP_XCOM_PULL lines; Python's xcom_pull), recorded with the try's end whatever
-- its outcome: Airflow shows XComs pushed and pulled per try. Values are not copied: a reader joins xcom for the
-- value the key holds now (gone when the upstream task was cleared). At most 1,000 rows per try (the worker's cap).
CREATE TABLE xcom_pull (
    run_id              bigint NOT NULL,
    task_id             text NOT NULL,
    try_number          integer NOT NULL,
    from_task_id        text NOT NULL,
    key                 text NOT NULL,
    PRIMARY KEY (run_id, task_id, try_number, from_task_id, key),
    FOREIGN KEY (run_id, task_id, try_number) REFERENCES task_try (run_id, task_id, try_number) ON DELETE CASCADE
);
