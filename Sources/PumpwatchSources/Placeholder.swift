// PumpwatchSources
