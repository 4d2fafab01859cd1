// PumpwatchCQL
