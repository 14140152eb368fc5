package dev.labbook.review;

/** The handlers of the Review page's routes (label schemas and review queues), handed to the route table as one. */
public record ReviewRoutes(LabelSchemaHandlers labelSchemas, ReviewQueueHandlers queues) {}
