"""The forecast judged by the team's results: calibration, the team's weights, the quarter."""
