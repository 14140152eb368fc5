package dev.labbook.issues;

import java.util.List;

/** A validated issue search; null and empty mean "not given". {@code view} is null, "basic" or "full". */
public record IssueQuery(Long experimentId, List<IssueFilter.Clause> filter, String name, List<String> statuses,
                         List<String> severities, List<String> categories, List<String> orderBy,
                         boolean includeTraceCount, boolean includeTotalCount, String view) {

    boolean viewGiven() {
        return view != null;
    }

    public boolean basic() {
        return "basic".equals(view);
    }
}
