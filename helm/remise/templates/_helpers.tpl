{{- define "remise.fullname" -}}
{{- printf "%s-remise" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "remise.labels" -}}
app.kubernetes.io/name: remise
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "remise.secretEnv" -}}
{{- $name := include "remise.fullname" . -}}
{{- range $var := list "REMISE_METADATA_RPC_SECRET" "REMISE_BLOCK_RPC_SECRET" "REMISE_ADMIN_RPC_SECRET" "REMISE_S3_RPC_SECRET" "REMISE_K2V_RPC_SECRET" }}
- name: {{ $var }}
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: rpcSecret
{{- end }}
{{- end -}}
