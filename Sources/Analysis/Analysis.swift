// Forecast, diagnose, scorecard, target advice and recommendations (issue 7), over the
// Engine's answers.
import Engine
import Model
