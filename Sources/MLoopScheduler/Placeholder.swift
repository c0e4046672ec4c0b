// MLoopScheduler
