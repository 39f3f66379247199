"""``LayersLab``: the chain rule through one dense layer, y = σ(W·x + b), with shapes.

The student sets the sizes (1 to 4 each way), the activation, the loss and the entries
(numbers, or symbols); the engine works the layer out (a ``LayerJob``, answered by a
``LayerResult`` whose ``LayerOutcome`` holds every quantity). The lab draws the layer as
typeset matrices with their shapes, animates the layer's products one stage at a time
(each operand labelled with its shape), shows any entry of ∂L/∂W as its scalar chain rule
beside the matrix form, and checks a gradient the student writes as a product. Two more
pages: the Jacobian of a vector function, and the identities as a reference.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.layers import IdentityJob, LayerJob
from workbench.protocol.layer_outcome import LayerOutcome
from workbench.protocol.layer_results import IdentityResult, JacobianResult, LayerResult
from workbench.protocol.layers import LayerProblem, LayerProblemError, layer_stages
from workbench.protocol.results import Result
from workbench.ui.derivation_panel import stale_banner, stale_text
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.labs.layers.entries import WeightPathView
from workbench.ui.labs.layers.form import LOSS_NAMES, LayerForm
from workbench.ui.labs.layers.identities import IdentitiesPage
from workbench.ui.labs.layers.jacobian import JacobianPage, steps_panel
from workbench.ui.labs.layers.layout import fit_height, layer_page
from workbench.ui.labs.layers.matrices import (MATRIX_SIZE, MatrixStrip, layer_terms,
                                               stage_terms)
from workbench.ui.labs.layers.tryit import TryItPanel
from workbench.ui.labs.player import FrameAnimation, FramePlayer
from workbench.ui.math_view import MathLabel

PAGES = ("layer", "jacobian", "identities")
LARGE_WIDTH = 1500  # from this lab width on, matrices are typeset larger
LARGE_MATH = 20.0
PAUSE_MS = 350  # typing pause before a changed layer is sent
DEFAULT_SEED = 1
FRAME_MS = 1100


def default_problem() -> LayerProblem:
    """The layer the lab opens with: 3×2, sigmoid, mean squared error, small numbers."""
    return LayerProblem.random(3, 2, DEFAULT_SEED)


def problem_text(problem: LayerProblem) -> str:
    """A short name of a layer for the stale banner: "a 3×2 sigmoid layer"."""
    return f"the earlier {problem.m}\u00d7{problem.n} {problem.activation} layer"


class LayersLab(Lab):
    """Build y = σ(W·x + b), see every gradient as a matrix product with its shapes."""

    kind = "layers"
    title = "Layers"

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.outcome: LayerOutcome | None = None
        self.seed = DEFAULT_SEED
        self._pending_frame: int | None = None  # a restored frame, shown with its layer
        self._stages = layer_stages(3, 2)
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause.timeout.connect(self.compute)
        self._jacobian_pause = QTimer(self, singleShot=True, interval=2 * PAUSE_MS)
        self._jacobian_pause.timeout.connect(self.compute_jacobian)
        self._build()
        self.form.set_problem(default_problem())
        self.compute()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.form = LayerForm(self)
        self.form.edited.connect(self._on_form_edited)
        self.form.randomise_requested.connect(self.randomise)
        self.banner = stale_banner(self)
        self.warning = QLabel(self)
        self.warning.setObjectName("layers_warning")
        self.warning.setAccessibleName("Loss warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#8a4b00;")
        self.picture = MatrixStrip("layers_picture", "The layer with its shapes", self)
        self.loss_math = MathLabel("", 14.0, self, fit=True)
        self.loss_math.setObjectName("layers_loss_value")
        self.loss_math.setAccessibleName("The loss")
        self.stage = MatrixStrip("layers_stage", "The product of this stage", self)
        self.caption = QLabel(self)
        self.caption.setObjectName("layers_stage_caption")
        self.caption.setAccessibleName("What this stage computes")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("font-size:11pt; padding:4px; background:#fafafa;"
                                   "border:1px solid #e0e0e0; border-radius:4px;")
        self.player = FramePlayer("layers", self, interval_ms=FRAME_MS,
                                  what="the layer's products, stage by stage")
        self.player.frame_changed.connect(self._on_player_frame_changed)
        self.paths = WeightPathView(self)
        self.try_it = TryItPanel(self)
        self.steps = steps_panel(self)
        self.jacobian_page = JacobianPage(self)
        self.jacobian_page.edited.connect(self._on_jacobian_edited)
        self.jacobian_page.compute_requested.connect(self.compute_jacobian)
        self.identities_page = IdentitiesPage(self)
        self.identities_page.open_requested.connect(self.open_identity)
        self._lay_out()
        self.player.add_shortcuts(self.stage_area, self.caption, self.player)

    def _lay_out(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("layers_pages")
        self.tabs.setAccessibleName("Layers lab pages")
        self.tabs.addTab(layer_page(self), "&Layer")
        self.tabs.addTab(self.jacobian_page, "&Jacobian")
        self.tabs.addTab(self.identities_page, "I&dentities")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)

    # ------------------------------------------------------------------ the layer
    def _on_form_edited(self) -> None:
        self.check_currency()
        self._pause.start()
        self.state_changed.emit()

    def randomise(self) -> None:
        """New random entries (the next seed) at the sizes and choices on screen."""
        self.seed += 1
        m, n = self.form.sizes()
        try:
            problem = LayerProblem.random(m, n, self.seed,
                                          str(self.form.activation.currentData()),
                                          str(self.form.loss.currentData()))
        except LayerProblemError as error:
            self.form.problem_label.setText(str(error))
            return
        self.form.set_problem(problem)
        self.compute()

    def code_script(self) -> tuple[str, str] | None:
        """The script of the layer on show, for the Code view (see ``ui.code_scripts``)."""
        from workbench.ui.code_scripts import layers_code

        return layers_code(self)

    def layer_job(self) -> LayerJob | None:
        """The job the form asks for now, or None while it does not describe a layer."""
        try:
            return LayerJob(self.form.problem(), kind=self.job_kind("layer"))
        except LayerProblemError:
            return None

    def compute(self) -> None:
        """Send the layer on screen to the engine (unless its answer is already shown)."""
        self._pause.stop()
        problem = self.form.checked_problem()
        self.check_currency()
        if problem is None:
            return
        job = LayerJob(problem, kind=self.job_kind("layer"))
        shown = self.shown_results().get("layer")
        if shown is None or not shown.answers(job):
            self.submit("layer", job)

    def _on_jacobian_edited(self) -> None:
        self.check_currency()
        self._jacobian_pause.start()

    def compute_jacobian(self) -> None:
        """Send the Jacobian the page's fields ask for (unless its answer is on show)."""
        self._jacobian_pause.stop()
        shown = self.shown_results().get("jacobian")
        job = self.jacobian_page.job(self.job_kind("jacobian"))
        if shown is not None and shown.answers(job):
            return
        self.check_currency()
        if job is not None:
            self.submit("jacobian", job)
            self.state_changed.emit()

    def open_identity(self, identity: str, n: int) -> None:
        """Expand ``identity`` at size ``n`` (the identities page's Expand buttons)."""
        self.tabs.setCurrentWidget(self.identities_page)
        self.identities_page.size.setValue(n)
        self.submit("identity", IdentityJob(identity, n, kind=self.job_kind("identity")))
        self.state_changed.emit()

    def current_request(self, purpose: str) -> Job | None:
        """The layer or Jacobian the inputs on screen ask for; the identity last opened."""
        if purpose == "layer":
            return self.layer_job()
        if purpose == "jacobian":
            return self.jacobian_page.job(self.job_kind("jacobian"))
        return super().current_request(purpose)

    # ------------------------------------------------------------------ answers
    def on_result(self, purpose: str, result: Any) -> None:
        """Draw a worked layer, a Jacobian or an identity."""
        if isinstance(result, LayerResult) and result.outcome is not None:
            self._show_outcome(result.outcome)
        elif isinstance(result, JacobianResult):
            self.jacobian_page.show_result(result)
        elif isinstance(result, IdentityResult):
            self.identities_page.show_result(result)

    def _show_outcome(self, outcome: LayerOutcome) -> None:
        problem = outcome.problem
        self.outcome = outcome
        self._set_current(True)
        self.warning.setText(outcome.warning or "")
        self.warning.setVisible(bool(outcome.warning))
        self.heading.setText(f"<b>The layer</b>: y = \u03c3(W\u00b7x + b) with \u03c3 = "
                             f"{problem.activation}, each matrix with its shape "
                             "(rows\u00d7columns)")
        self.picture.set_items(layer_terms(outcome))
        fit_height(self.picture_area)
        self.loss_math.set_latex(f"L = {outcome.quantity('loss').latex[0][0]}"
                                 rf"\quad\text{{({LOSS_NAMES[problem.loss]} of y against t)}}")
        self._stages = layer_stages(problem.m, problem.n)
        self.paths.set_outcome(outcome)
        self.try_it.set_outcome(outcome)
        self.steps.set_result("", outcome.latex, list(outcome.steps))
        frame = self.player.frame() if self._pending_frame is None else self._pending_frame
        self._pending_frame = None
        self.player.set_count(2 * len(self._stages), min(frame, 2 * len(self._stages) - 1))
        self._on_player_frame_changed(self.player.frame())

    def _set_current(self, current: bool, earlier: str = "") -> None:
        """Un-grey the layer's figures, or grey them under a banner naming the earlier layer."""
        self.banner.setText(stale_text(earlier, "waiting for the new layer") if earlier else "")
        self.banner.setVisible(not current)
        for widget in (self.picture_area, self.loss_math, self.stage_area, self.caption,
                       self.paths):
            widget.setEnabled(current)

    def on_stale(self, purpose: str, result: Result) -> None:
        """An answer to earlier inputs: grey it under a banner (the try-it waits)."""
        if purpose == "layer" and isinstance(result, LayerResult):
            self._set_current(False, problem_text(result.request.problem))
            self.steps.mark_stale(problem_text(result.request.problem))
            self.try_it.set_outcome(None)
        elif purpose == "jacobian" and isinstance(result, JacobianResult):
            self.jacobian_page.mark_stale(result)
        elif purpose == "identity":
            self.identities_page.show_failure("")

    def on_failure(self, purpose: str, error: Any) -> None:
        """Say in place why there is no answer."""
        message = getattr(error, "message", str(error))
        if purpose == "layer":
            self.form.problem_label.setText(message)
        elif purpose == "jacobian":
            self.jacobian_page.show_failure(message)
        else:
            self.identities_page.show_failure(message)

    def _on_player_frame_changed(self, index: int) -> None:
        if self.outcome is None or not self._stages:
            return
        stage = self._stages[min(index // 2, len(self._stages) - 1)]
        solved = index % 2 == 1
        self.stage.set_items(stage_terms(self.outcome, stage, solved))
        fit_height(self.stage_area)
        operands, _, result = stage.shapes_text.rpartition(" = ")
        where = f"Stage {index // 2 + 1} of {len(self._stages)}: {stage.label}."
        self.caption.setText(f"{where}  Shapes {stage.shapes_text}: the result, in numbers."
                             if solved else f"{where}  Shapes {operands}: the sizes fit, so "
                             f"the result is {result}. Next \u25b6 works it out.")

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.jacobian_page and \
                self.jacobian_page.matrix.latex() == "" and not self.is_waiting("jacobian"):
            self.compute_jacobian()
        self.state_changed.emit()

    # ------------------------------------------------------------------ hooks
    def state(self) -> dict[str, Any]:
        """The layer, the page, the frame, the chosen entry, the try-it and the other pages."""
        job = self.layer_job() or self.shown_request("layer") or self._asked.get("layer")
        problem = job.problem if isinstance(job, LayerJob) else default_problem()
        row, column = self.paths.chosen()
        jacobian = self.jacobian_page.inputs()
        return {"page": PAGES[self.tabs.currentIndex()], "problem": problem.to_dict(),
                "seed": self.seed, "frame": self.player.frame(), "entry_row": row,
                "entry_column": column, "target": self.try_it.target_field(),
                "answer": self.try_it.answer.text(), "jacobian": jacobian["text"],
                "jacobian_vars": jacobian["vars"], "jacobian_at": jacobian["at"],
                "identity_n": self.identities_page.size.value(),
                "identity": getattr(self._asked.get("identity"), "id", "")}

    def restore(self, state: dict[str, Any]) -> None:
        """Put the layer and the pages back, and compute."""
        if "problem" in state:
            self.form.set_problem(LayerProblem.from_dict(state["problem"]))
        self.seed = int(state.get("seed", self.seed))
        self.try_it.set_target(str(state.get("target", "grad_W")))
        self.try_it.answer.setText(str(state.get("answer", "")))
        self.identities_page.size.setValue(int(state.get("identity_n", 2)))
        self.paths.choose(int(state.get("entry_row", 0)), int(state.get("entry_column", 0)))
        if "jacobian" in state:
            self.jacobian_page.set_inputs(str(state["jacobian"]),
                                          str(state.get("jacobian_vars", "x, y")),
                                          str(state.get("jacobian_at", "")))
        if "frame" in state:  # shown when the layer is worked out (the count is known then)
            self._pending_frame = int(state["frame"])
        page = str(state.get("page", "layer"))
        self.tabs.setCurrentIndex(PAGES.index(page) if page in PAGES else 0)
        if page == "jacobian":
            self.compute_jacobian()
        if state.get("identity"):
            self.open_identity(str(state["identity"]), self.identities_page.size.value())
            self.tabs.setCurrentIndex(PAGES.index(page) if page in PAGES else 0)
        self.compute()

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """A lesson's try-it: a random layer of ``m``×``n`` with ``activation`` and ``loss``
        (``seed`` picks the numbers) and the gradient the try-it field asks for."""
        self.seed = int(params.get("seed", DEFAULT_SEED))
        problem = LayerProblem.random(int(params.get("m", 3)), int(params.get("n", 2)),
                                      self.seed, str(params["activation"]),
                                      str(params.get("loss", "mse")))
        self.try_it.set_target(str(params.get("target", "grad_W")))
        self.try_it.answer.setText("")
        self.tabs.setCurrentIndex(0)
        self.player.pause()
        self.form.set_problem(problem)
        self.compute()

    def figures(self) -> list[tuple[str, QWidget]]:
        """The layer with its shapes and the stage on show."""
        return [("the layer with its shapes", self.picture),
                ("a stage of the backward pass", self.stage)]

    def derivation(self) -> DerivationView | None:
        """The layer's forward and backward pass as steps (never an earlier layer's)."""
        shown = self.shown_results().get("layer")
        if not isinstance(shown, LayerResult) or shown.outcome is None:
            return None
        return DerivationView("A dense layer, forward and backward", shown.outcome.latex,
                              list(shown.outcome.steps))

    def animation(self) -> Animation | None:
        """The layer's products, stage by stage (each stage posed, then solved)."""
        return FrameAnimation(self.player, lambda: self.stage, FRAME_MS) \
            if self.outcome is not None else None

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Larger matrices on a large window, so they stay readable from a distance."""
        super().resizeEvent(event)
        size = LARGE_MATH if self.width() >= LARGE_WIDTH else MATRIX_SIZE
        for strip, area in ((self.picture, self.picture_area), (self.stage, self.stage_area)):
            strip.set_math_size(size)
            fit_height(area)

    def deactivate(self) -> None:
        """Pause when the tab is hidden."""
        self.player.pause()
