// MLoopStore
