// MLoopLoader
