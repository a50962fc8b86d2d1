{{/* The architecture, checked once: every template starts from it. */}}
{{- define "bench.arch" -}}
{{- if not (has .Values.architecture (list "rest" "graphql")) -}}
{{- fail (printf "architecture must be rest or graphql, not %q" .Values.architecture) -}}
{{- end -}}
{{- .Values.architecture -}}
{{- end -}}

{{/* Labels of every object; bench.arch and bench.component are those of docker-compose.yml. */}}
{{- define "bench.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: rest-vs-graphql
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
bench.arch: {{ include "bench.arch" .root }}
bench.component: {{ .component }}
{{- end -}}

{{/* What a Deployment selects its pods by. */}}
{{- define "bench.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
bench.arch: {{ include "bench.arch" .root }}
bench.component: {{ .component }}
{{- end -}}

{{/* Pod annotations for annotation-based Prometheus scraping. */}}
{{- define "bench.scrapeAnnotations" -}}
{{- if .root.Values.prometheus.annotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}

{{/* Whether this release gets ServiceMonitors. */}}
{{- define "bench.serviceMonitor" -}}
{{- $setting := .Values.prometheus.serviceMonitor -}}
{{- if eq (toString $setting) "auto" -}}
{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor" }}true{{ end -}}
{{- else if eq (toString $setting) "true" -}}
true
{{- end -}}
{{- end -}}
