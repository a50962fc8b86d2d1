// kube-check decodes every object of a rendered chart (`helm template` output on stdin) strictly
// with the real Kubernetes API types, as an API server would before admitting it: an unknown or
// misspelt field, a value of the wrong type or a duplicate key is an error, and so is a name or a
// label a cluster would refuse. It prints one line per object and exits 1 on any error.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/yaml"
)

func main() {
	objects, problems, err := check(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kube-check:", err)
		os.Exit(2)
	}
	if problems > 0 || objects == 0 {
		fmt.Fprintf(os.Stderr, "kube-check: %d object(s), %d problem(s)\n", objects, problems)
		os.Exit(1)
	}
}

func check(in io.Reader, out io.Writer) (objects, problems int, err error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, monitoringv1.AddToScheme} {
		if err := add(scheme); err != nil {
			return 0, 0, err
		}
	}
	decoder := serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
	reader := yaml.NewYAMLReader(bufio.NewReader(in))
	for {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return objects, problems, nil
		}
		if err != nil {
			return objects, problems, err
		}
		if onlyComments(document) {
			continue
		}
		objects++
		source := sourceOf(document)
		object, kind, err := decoder.Decode(document, nil, nil)
		if err != nil {
			problems++
			fmt.Fprintf(out, "FAIL %s: %v\n", source, err)
			continue
		}
		found := validateMetadata(object)
		for _, problem := range found {
			fmt.Fprintf(out, "FAIL %s %s: %s\n", source, kind.Kind, problem)
		}
		problems += len(found)
		if len(found) == 0 {
			accessor, _ := meta.Accessor(object)
			fmt.Fprintf(out, "ok   %s %s/%s\n", source, kind.Kind, accessor.GetName())
		}
	}
}

// validateMetadata: what the API server checks of every object's name and labels.
func validateMetadata(object runtime.Object) []string {
	accessor, err := meta.Accessor(object)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	for _, message := range validation.IsDNS1123Subdomain(accessor.GetName()) {
		problems = append(problems, fmt.Sprintf("name %q: %s", accessor.GetName(), message))
	}
	labelSets := []map[string]string{accessor.GetLabels()}
	if deployment, ok := object.(*appsv1.Deployment); ok {
		labelSets = append(labelSets, deployment.Spec.Template.Labels)
	}
	for _, labels := range labelSets {
		for key, value := range labels {
			for _, message := range validation.IsQualifiedName(key) {
				problems = append(problems, fmt.Sprintf("label key %q: %s", key, message))
			}
			for _, message := range validation.IsValidLabelValue(value) {
				problems = append(problems, fmt.Sprintf("label %s=%q: %s", key, value, message))
			}
		}
	}
	return problems
}

func onlyComments(document []byte) bool {
	for _, line := range strings.Split(string(document), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed != "" && trimmed != "---" && !strings.HasPrefix(trimmed, "#") {
			return false
		}
	}
	return true
}

// sourceOf: the template a document came from (helm template's "# Source:" line).
func sourceOf(document []byte) string {
	for _, line := range bytes.Split(document, []byte("\n")) {
		if text := strings.TrimSpace(string(line)); strings.HasPrefix(text, "# Source: ") {
			return strings.TrimPrefix(text, "# Source: ")
		}
	}
	return "(no source line)"
}
