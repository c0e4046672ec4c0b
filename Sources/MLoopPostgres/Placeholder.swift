// MLoopPostgres
