// Guided flows for new managers — SMART targets, reviews, onboarding, balance (issue 9) — over
// an input/output protocol that tests script.
import Analysis
import Engine
import Model
import Render
