"""autolens_profiling: runnable scripts that measure the compiled lens fit."""
