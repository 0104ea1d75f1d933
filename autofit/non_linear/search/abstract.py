"""What every search does around its sampler: output folders, resume, results and figures."""

from __future__ import annotations

import hashlib
import logging
import time

import numpy as np

from autofit.analysis import Analysis
from autofit.model.abstract import AbstractModel
from autofit.non_linear.fitness import Fitness
from autofit.non_linear.paths import Paths, save_figure
from autofit.non_linear.plot import corner_figure, too_few_samples_for_corner
from autofit.non_linear.result import Result
from autofit.non_linear.results_text import results_text
from autofit.non_linear.samples import Samples
from autofit.serialise import to_dict

logger = logging.getLogger(__name__)


class AbstractSearch:
    """
    Base of the searches. ``fit`` writes to
    ``output/<path_prefix>/<unique_tag>/<name>/<identifier>/`` (`paths` once it has run), the
    identifier a hash of the model, the search's class and its result-changing settings:
    ``model.info`` first, then ``model.results`` at each quick update (the best point so far),
    and at the end ``files/samples.csv``, ``files/model.json``, ``model.results`` (medians with
    3- and 1-sigma limits), ``search.summary``, ``files/search.json``, ``image/corner.png``,
    the analysis's figures and its own files (`Analysis.save_results`). A folder whose search
    finished is loaded without sampling.

    Parameters
    ----------
    name
        The search's name, a folder of the output path.
    path_prefix
        Folders between ``output`` and the name.
    unique_tag
        A folder between the prefix and the name (typically the dataset's name), also part of
        the identifier.
    iterations_per_quick_update
        Likelihood evaluations between quick updates of the best fit; ``None`` for none.
    number_of_cores
        Processes for the sampler's own computations, where the search has any.
    live_visual_update, iterations_per_full_update, silence
        Accepted as in the release: the quick-update figure is written to ``image/fit.png``
        (open it in a viewer that reloads), full updates are the end of the search, and
        progress goes to the log.
    session
        The release's results database; not supported here, so it must be ``None``.
    """

    batched = False

    def __init__(self, name: str = "", path_prefix: str = "", unique_tag: str | None = None,
                 iterations_per_quick_update: int | None = None, number_of_cores: int = 1,
                 live_visual_update: bool | None = None,
                 iterations_per_full_update: int | None = None, silence: bool = False,
                 session=None):
        if number_of_cores < 1:
            raise ValueError(f"number_of_cores must be at least 1, got {number_of_cores}.")
        if session is not None:
            raise ValueError("session= (a results database) is not supported: results are the "
                             "files of each search's output folder.")
        self.name = name or ""
        self.path_prefix = str(path_prefix or "")
        self.unique_tag = unique_tag
        self.iterations_per_quick_update = iterations_per_quick_update
        self.number_of_cores = number_of_cores
        self.live_visual_update = live_visual_update
        self.paths: Paths | None = None

    @property
    def batch_size(self) -> int | None:
        """The length of the batches the search asks the fitness for."""
        return None

    # The settings that change what the search finds, and so are part of its identity; the
    # others (quick updates, checkpoints, cores) only change how it gets there.
    identity_settings: tuple[str, ...] = ()

    def identifier_for(self, model: AbstractModel) -> str:
        """A stable hash of ``model``, this search's class and its `identity_settings`: two
        searches share an output folder only when they would find the same result."""
        settings = {name: np.asarray(getattr(self, name)).tolist()
                    for name in self.identity_settings}
        text = f"{model.identifier}|{type(self).__name__}|{sorted(settings.items())!r}"
        if self.unique_tag is not None:
            text += f"|{self.unique_tag}"
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def paths_for(self, model: AbstractModel) -> Paths | None:
        """The output folder of this search of ``model``; ``None`` for an unnamed search, which
        writes nothing (as in the established release)."""
        if not self.name:
            return None
        return Paths(self.name, self.path_prefix, self.identifier_for(model), self.unique_tag)

    def fit(self, model: AbstractModel, analysis: Analysis,
            wait_for_lock: bool = False) -> Result:
        """
        Fit ``model`` with ``analysis``: sample (or resume, or load a finished search), then write
        the samples, the summary and the figures.

        Parameters
        ----------
        model, analysis
            What to fit, and how.
        wait_for_lock
            When another process is running this search into the same folder, wait for it
            (and then load its result) instead of raising `SearchLockedError`.
        """
        paths = self.paths = self.paths_for(model)
        if paths is None:
            logger.info("%s has no name, so it writes nothing and cannot resume: give it "
                        "name= to keep its results.", self._title)
            samples = self._search(model, analysis, None)
            return analysis.make_result(samples, None)
        with paths.locked(wait=wait_for_lock):
            if paths.is_complete:
                logger.info("%s has finished already in %s; loading its results.", self._title,
                            paths.output_path)
                info = paths.read_json("files/search.json")
                samples = Samples.from_csv(paths.files_path / "samples.csv", model,
                                           log_evidence=info.get("log_evidence"))
                return analysis.make_result(samples, paths)
            paths.write_text("model.info", model.info)
            self._draw("the dataset figures", analysis.visualize_before_fit, paths=paths,
                       model=model)
            samples = self._search(model, analysis, paths)
            result = analysis.make_result(samples, paths)
            self._draw("the analysis's results files", analysis.save_results, paths=paths,
                       result=result)
        return result

    def _search(self, model: AbstractModel, analysis: Analysis, paths: Paths | None) -> Samples:
        """Sample, then write the samples, the summary and the figures where ``paths`` says."""
        fitness = Fitness(model, analysis, paths=paths, batched=self.batched,
                          batch_size=self.batch_size,
                          iterations_per_quick_update=self.iterations_per_quick_update)
        start = time.perf_counter()
        try:
            samples = self._fit(model, fitness, paths).with_finite_log_likelihood()
        finally:
            fitness.close()
        if paths is not None:
            self._save(samples, fitness, paths, time.perf_counter() - start)
            self._draw_final_figures(samples, fitness, analysis, paths)
        return samples

    def _draw(self, what: str, draw, **arguments) -> None:
        """Call ``draw``; a figure or extra file that fails is a warning, never the end of a
        search."""
        try:
            draw(**arguments)
        except Exception as error:
            logger.warning("%s could not write %s (%s: %s); the search's results are not "
                           "affected.", self._title, what, type(error).__name__, error,
                           exc_info=error)

    def _draw_final_figures(self, samples: Samples, fitness: Fitness, analysis: Analysis,
                            paths: Paths) -> None:
        """
        The corner plot and the analysis's figures of the best fit, written after the samples
        and the summary. The best fit comes through the fitness, so with JAX it is the search's
        compiled ``fit_from``, not a second compilation.
        """
        too_few = too_few_samples_for_corner(samples, samples.model.prior_count)
        if samples.model.prior_count > 1 and too_few is not None:
            logger.info("%s: no corner plot: %s.", self._title, too_few)
        elif samples.model.prior_count > 1:
            self._draw("the corner plot", lambda: save_figure(
                corner_figure(samples), paths.image_path / "corner.png"))
        vector = samples.max_log_likelihood_vector

        def visualize():
            latest = fitness.latest_quick_update
            fit = (latest[2] if latest is not None and np.array_equal(latest[0], vector)
                   else fitness.fit_from_vector(vector))
            analysis.visualize(paths=paths, instance=samples.max_log_likelihood_instance,
                               during_analysis=False, fit=fit)

        self._draw("the final fit's figures", visualize)

    @property
    def _title(self) -> str:
        return f"{type(self).__name__} {self.name!r}"

    def _fit(self, model: AbstractModel, fitness: Fitness, paths: Paths | None) -> Samples:
        raise NotImplementedError

    def log_progress(self, fitness: Fitness, evaluations: int, new_evaluations: int,
                     seconds: float, status: str = "") -> None:
        """The progress line: evaluations so far, best figure of merit, evaluations per second,
        and the search's own ``status`` (how far it is from stopping)."""
        logger.info("%s: %d evaluations, best log likelihood %.4f, %.1f evaluations/s%s",
                    self._title, evaluations, fitness.best_figure_of_merit,
                    new_evaluations / max(seconds, 1e-9), f"; {status}" if status else "")

    def _summary(self, samples: Samples, fitness: Fitness, seconds: float) -> str:
        lines = [f"Search: {type(self).__name__} ({self.name})",
                 f"Evaluations: {fitness.total_evaluations}",
                 f"Time: {seconds:.1f} s",
                 f"Samples: {len(samples)}",
                 f"Maximum log likelihood: {samples.log_likelihood.max():.6f}"]
        if samples.log_evidence is not None:
            lines.append(f"Log evidence: {samples.log_evidence:.6f}")
        return "\n".join(lines) + "\n"

    def _save(self, samples: Samples, fitness: Fitness, paths: Paths, seconds: float) -> None:
        paths.write_text("files/samples.csv", samples.to_csv())
        paths.write_text("model.results", results_text(samples))
        paths.write_json("files/model.json", to_dict(samples.model))
        paths.write_text("search.summary", self._summary(samples, fitness, seconds))
        paths.write_json("files/search.json", {
            "search": type(self).__name__, "evaluations": fitness.total_evaluations,
            "seconds": seconds, "log_evidence": samples.log_evidence,
        })

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, path_prefix={self.path_prefix!r})"

