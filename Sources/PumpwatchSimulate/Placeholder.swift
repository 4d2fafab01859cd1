// Simulation scenarios
