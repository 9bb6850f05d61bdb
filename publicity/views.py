from django.shortcuts import render


def public_list(request):
    return render(request, "publicity/public_list.html", {"open_windows": [], "closed_windows": []})
