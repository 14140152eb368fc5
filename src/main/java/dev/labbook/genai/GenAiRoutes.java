package dev.labbook.genai;

import dev.labbook.issues.IssueHandlers;
import dev.labbook.scorers.ScorerHandlers;

/** The handlers of the stored GenAI features (the scorer registry and issues), handed to the route table as one. */
public record GenAiRoutes(ScorerHandlers scorers, IssueHandlers issues) {}
