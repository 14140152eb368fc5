package dev.labbook.auth;

import dev.labbook.auth.Permission.Level;

/** What a route requires of its caller. */
public sealed interface Rule {

    /** No credentials needed (health probes, static files), as in MLflow's unprotected routes. */
    record Public() implements Rule {}

    /**
     * Any authenticated user. Also used by searches, whose results are filtered in SQL to what
     * the caller may read, and by creations, which grant the creator MANAGE.
     */
    record Authenticated() implements Rule {}

    /** Administrators only. */
    record Admin() implements Rule {}

    /** The user named by the request's {@code username} field, or an administrator. */
    record Self() implements Rule {}

    /** The permission {@code level} on the resource the request names. */
    record On(Resource resource, Level level) implements Rule {}

    /**
     * MLflow's review-queue rules, which look at the queue named by queue_id (or, for VIEW_BY_NAME, by
     * experiment_id and name): its experiment's permission, its owner and its assigned users.
     */
    record Queue(QueueAccess access) implements Rule {}

    enum QueueAccess {
        /** Read it and its items: READ, and MANAGE, membership, or EDIT as its owner. */
        VIEW,
        /** The same for a queue found by name. */
        VIEW_BY_NAME,
        /** Edit it: MANAGE, or EDIT as its owner; a new owner takes MANAGE. */
        EDIT,
        /** Delete it or remove its items: MANAGE, or EDIT as the owner of a custom queue. */
        PRUNE,
        /** Review its items: EDIT and membership. */
        REVIEW
    }

    /** How a request names the resource its permission is checked on. */
    enum Resource {
        /** experiment_id. */
        EXPERIMENT,
        /** experiment_id, which must be given: without it only admins pass (MLflow's issue routes). */
        NAMED_EXPERIMENT,
        /** experiment_id when given; without it the handler returns only what the caller may read. */
        OPTIONAL_EXPERIMENT,
        /** experiment_ids (every one of them). */
        EXPERIMENTS,
        /** experiment_name. */
        EXPERIMENT_NAME,
        /** run_id (or run_uuid): its experiment. */
        RUN,
        /** run_ids (every one): their experiments. */
        RUNS,
        /** The {model_id} path parameter: the logged model's experiment. */
        LOGGED_MODEL,
        /** name: a registered model (model versions and aliases belong to it). */
        REGISTERED_MODEL,
        /** The artifact path of the proxy, whose first segment is the experiment id. */
        ARTIFACT_PATH,
        /** A trace (trace_id or request_id, from the message or the path): its experiment. */
        TRACE,
        /** trace_ids (every one): their experiments. */
        TRACES,
        /** Where a new trace goes: start-trace v3's trace_location, v2's experiment_id, OTLP's header. */
        TRACE_DESTINATION,
        /** The {issue_id} path parameter: the issue's experiment; an unknown issue is refused, as in MLflow. */
        ISSUE,
        /** scorer_ids: the experiment of each of their online scoring configs. */
        SCORER_CONFIGS,
        /** schema_id: the label schema's experiment. */
        LABEL_SCHEMA,
        /** queue_id: the review queue's experiment. */
        REVIEW_QUEUE,
        /** resource_type and resource_id of MLflow 3's per-user grant routes. */
        GRANT_TARGET,
        /**
         * experiment_ids, at least one, every one: an evaluation dataset's create and search must name
         * the experiments they act in, so that no request can reach every dataset on the server.
         */
        SCOPING_EXPERIMENTS,
        /**
         * The {dataset_id} of an evaluation dataset: every experiment the dataset belongs to. A dataset
         * in no experiment, or one that does not exist, is for admins only, as in MLflow.
         */
        DATASET,
        /** As DATASET, and also every experiment in experiment_ids (at least one), which it is linked to. */
        DATASET_AND_EXPERIMENTS
    }
}
