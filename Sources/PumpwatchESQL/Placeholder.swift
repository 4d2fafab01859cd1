// PumpwatchESQL
