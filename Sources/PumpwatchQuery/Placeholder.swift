// PumpwatchQuery
