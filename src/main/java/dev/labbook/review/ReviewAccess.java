package dev.labbook.review;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * What the review-queue handlers need from --auth: who is calling (they own the queues they create
 * and are credited with the items they complete), whether they see every queue of an experiment
 * (EDIT does; READ sees the queues it is assigned to), and the registered users a custom queue's
 * name may not take. {@link #OPEN} is a server without auth.
 */
public record ReviewAccess(Supplier<String> username, LongPredicate listsEveryQueue,
                           Function<String, Optional<String>> registeredUserLike) {
    public static final ReviewAccess OPEN = new ReviewAccess(() -> null, id -> true, name -> Optional.empty());
}
