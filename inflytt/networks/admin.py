"""Networks are edited on their own staff pages; the goal for companies that found staff is a
reports goal (inflytt.reports.models.Goal), edited with the other goals."""
