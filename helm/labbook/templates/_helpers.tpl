{{/* Chart name, truncated to 63 characters (DNS label). */}}
{{- define "labbook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name. */}}
{{- define "labbook.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "labbook.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "labbook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "labbook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "labbook.labels" -}}
helm.sh/chart: {{ include "labbook.chart" . }}
{{ include "labbook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "labbook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "labbook.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "labbook.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ $tag }}
{{- end -}}
{{- end }}

{{/* Name of the Secret holding the backend store URI. */}}
{{- define "labbook.dbSecretName" -}}
{{- default (include "labbook.fullname" .) .Values.server.backendStore.existingSecret }}
{{- end }}
{{- define "labbook.dbSecretKey" -}}
{{- if .Values.server.backendStore.existingSecret }}{{ .Values.server.backendStore.existingSecretKey }}{{ else }}backend-store-uri{{ end }}
{{- end }}

{{/* True when S3 static credentials are configured (inline or existing Secret). */}}
{{- define "labbook.s3Credentials" -}}
{{- if or .Values.server.s3.existingSecret .Values.server.s3.accessKeyId }}true{{ end }}
{{- end }}
{{- define "labbook.s3SecretName" -}}
{{- default (include "labbook.fullname" .) .Values.server.s3.existingSecret }}
{{- end }}

{{/* Liveness path: follows --static-prefix; answers while the process serves, database or not. */}}
{{- define "labbook.healthPath" -}}
{{- printf "%s/health" .Values.server.staticPrefix }}
{{- end }}

{{/* Readiness path: 503 while the metadata database does not answer, so no traffic reaches such a pod. */}}
{{- define "labbook.readyPath" -}}
{{- printf "%s/health/ready" .Values.server.staticPrefix }}
{{- end }}

{{/* Cross-field checks the JSON schema cannot phrase clearly. */}}
{{- define "labbook.validate" -}}
{{- $s := .Values.server }}
{{- if and (not $s.backendStore.uri) (not $s.backendStore.existingSecret) }}
{{- fail "server.backendStore: set either uri (e.g. mysql://user:pass@host:3306/labbook) or existingSecret (a Secret holding the URI under existingSecretKey)" }}
{{- end }}
{{- if and $s.backendStore.uri $s.backendStore.existingSecret }}
{{- fail "server.backendStore: set only one of uri and existingSecret" }}
{{- end }}
{{- if and (hasPrefix "h2:" $s.backendStore.uri) (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "server.backendStore.uri: an embedded h2: database cannot be shared by several replicas; use MariaDB/MySQL or replicaCount 1" }}
{{- end }}
{{- if and $s.artifacts.serve (not $s.artifacts.destination) }}
{{- fail "server.artifacts.destination: required when server.artifacts.serve is true (e.g. s3://my-bucket/mlflow)" }}
{{- end }}
{{- if and (not $s.artifacts.serve) (not $s.artifacts.defaultArtifactRoot) }}
{{- fail "server.artifacts.defaultArtifactRoot: required when server.artifacts.serve is false (clients write there directly, e.g. s3://my-bucket/mlflow)" }}
{{- end }}
{{- if and $s.artifacts.artifactsOnly (not $s.artifacts.serve) }}
{{- fail "server.artifacts.artifactsOnly requires server.artifacts.serve: true" }}
{{- end }}
{{- if and $s.s3.existingSecret (or $s.s3.accessKeyId $s.s3.secretAccessKey) }}
{{- fail "server.s3: set either accessKeyId/secretAccessKey or existingSecret, not both" }}
{{- end }}
{{- if ne (empty $s.s3.accessKeyId) (empty $s.s3.secretAccessKey) }}
{{- fail "server.s3: accessKeyId and secretAccessKey must be set together" }}
{{- end }}
{{- if and (include "labbook.s3Credentials" .) (index .Values.serviceAccount.annotations "eks.amazonaws.com/role-arn") }}
{{- fail "server.s3: static S3 credentials and an IRSA role (serviceAccount.annotations eks.amazonaws.com/role-arn) are both set; static keys would win over the role. Remove one." }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling: minReplicas must not be greater than maxReplicas" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not .Values.autoscaling.targetCPUUtilizationPercentage) (not .Values.autoscaling.targetMemoryUtilizationPercentage) }}
{{- fail "autoscaling: set targetCPUUtilizationPercentage and/or targetMemoryUtilizationPercentage" }}
{{- end }}
{{- if .Values.podDisruptionBudget.enabled }}
{{- $min := .Values.podDisruptionBudget.minAvailable }}
{{- $max := .Values.podDisruptionBudget.maxUnavailable }}
{{- if and (not (kindIs "invalid" $min)) (not (kindIs "invalid" $max)) }}
{{- fail "podDisruptionBudget: set only one of minAvailable and maxUnavailable" }}
{{- end }}
{{- end }}
{{- if .Values.ingress.enabled }}
{{- if not .Values.ingress.hosts }}
{{- fail "ingress.hosts: at least one host is required when ingress.enabled is true" }}
{{- end }}
{{- end }}
{{- range .Values.server.extraArgs }}
{{- if or (hasPrefix "--backend-store-uri" .) (hasPrefix "--port" .) (hasPrefix "--host" .) }}
{{- fail (printf "server.extraArgs: %q is managed by the chart (use server.backendStore / server.port)" .) }}
{{- end }}
{{- end }}
{{- end }}
