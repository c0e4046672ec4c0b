// MLoopLocalPostgres
