/**
 * Renders a run journal ({@code journal.json}, Chaos Toolkit's format plus Faultline's optional
 * {@code faultline} and {@code timeline} keys) for people: a self-contained HTML page or GitHub
 * Markdown.
 *
 * <p>Start with {@link dev.faultline.report.JournalReport#read(java.nio.file.Path)}, then pass the
 * report to {@link dev.faultline.report.HtmlReportRenderer} or
 * {@link dev.faultline.report.MarkdownReportRenderer} (or pick one with
 * {@link dev.faultline.report.ReportFormat}).
 */
package dev.faultline.report;
