/**
 * The {@code File} aggregate: a Prompt, Tool, Flow or Evaluator file, its versions and the evaluators that
 * monitor it — decided from the file's own events. The set-wide rules that no single file can decide (a path
 * held by one file only, a version's kernel found by its digest) live in
 * {@link dev.tracevault.command.fileregistry}.
 */
package dev.tracevault.command.file;
